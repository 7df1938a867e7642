"""The demo community generator (never deployed); imports the domain and the adapters it writes through."""
