"""The only package that knows HTTP. Each router is thin: parse, call a service, render."""
