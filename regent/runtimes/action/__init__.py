"""The GitHub Action door."""
