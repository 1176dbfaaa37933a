"""The web layer: app factory, routes, schemas, errors. Views are thin wrappers over service.nlp."""
