"""The use cases, one transaction per call, returning DTOs from factcheck.domain."""

from factcheck.services.project import Project

__all__ = ["Project"]
