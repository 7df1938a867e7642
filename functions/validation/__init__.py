"""Row and cell validation (问题清单's problems): pure; imports only the domain."""
