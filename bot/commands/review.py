"""/review: placeholder until the review command lands (issue 3)."""
