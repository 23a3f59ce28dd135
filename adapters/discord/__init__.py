"""Discord adapter: slash commands, autocomplete, the review modal and message menu, through discord.py."""
