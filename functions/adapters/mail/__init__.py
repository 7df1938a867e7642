"""Mail transports (SMTP, .eml outbox) and MIME building; imports only the domain."""
