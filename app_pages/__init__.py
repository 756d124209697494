"""The pages: one module per url path of dashboard.filters.PAGES, each one ``render()`` that the router registers."""
