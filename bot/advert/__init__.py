"""Job adverts: read one into a title, an employer and requirements, and review a letter against it."""
