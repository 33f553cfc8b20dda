"""The webhook doors: regent serve, AWS Lambda and Azure Functions."""
