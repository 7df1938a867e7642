"""The monthly 三升三降 figures and their chart: pure; imports only the domain."""
