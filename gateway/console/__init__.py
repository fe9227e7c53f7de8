"""Web console for the DPO, finance and administrators (German UI, server-rendered, no JavaScript).

    gateway.console.app.create_console(services)              # mounted by gateway.app at /console
    gateway.console.standalone.serve_console(settings, host, port)   # or on its own internal listener

This package's __init__ stays empty of imports: gateway.settings imports the console's
config model, and the app modules import gateway.settings.

Pages and roles: Übersicht (all console roles), Audit-Protokoll and Datenschutz (dpo),
Kosten (finance), Schlüssel (admin). Login with an API key that carries one of these roles.
"""
