"""The Qt window: it arranges widgets and calls the same services as the CLI."""
