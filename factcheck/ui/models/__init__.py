"""Qt item models over DTO lists; data() never touches the database."""
