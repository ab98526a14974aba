"""The claim assistant's core: sentences, the embedding model, the check-worthiness classifier, hybrid
ranking. No database and no Qt here; the services store and serve what it computes."""
