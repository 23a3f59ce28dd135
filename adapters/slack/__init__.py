"""Slack adapter: slash commands, the review modal, a message shortcut and App Home, on slack-bolt."""
