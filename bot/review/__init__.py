"""Letter review: text analysis, rule types, scoring and the reply that explains it."""
