"""factcheck: a desktop workbench for tagging claims and counterclaims in news articles."""

__version__ = "0.1.0"
