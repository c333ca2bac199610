"""Follow-ups around the pure core (bot/engine/checkin.py and friends): the service that
stores and steps them, the scheduler that sends due check-ins, the chart and the PDF."""
