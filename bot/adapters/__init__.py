"""Platform adapters: they translate platform events into engine events and replies back."""
