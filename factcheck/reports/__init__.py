"""Reports built from the project's data (chronologies of claims); plain text and HTML, no Qt."""
