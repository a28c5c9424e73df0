"""Reporters: pure functions from reports to text. Writing files is the CLI's job."""
