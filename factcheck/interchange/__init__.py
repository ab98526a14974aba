"""Writing and reading the exchange formats (CSV, W3C Web Annotation, REFI-QDA, ClaimReview); no database, no Qt."""
