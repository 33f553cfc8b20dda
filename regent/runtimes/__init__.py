"""The doors: GitHub Action, webhook service, serverless shims."""
