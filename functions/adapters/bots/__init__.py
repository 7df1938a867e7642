"""Group bots: our small client for 企业微信 / 钉钉 / 飞书 webhooks, apprise for the wider catalogue, JSON previews."""
