"""Platform adapters: each turns a platform's events into Requests and renders Replies back."""
