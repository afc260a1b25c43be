"""The reformer directory: profiles, browsing and semantic search, imports and exports, privacy controls.

One blueprint for /directory/... and the owner's pages at /profile/... (registered without a URL prefix; the routes
spell their paths out).
"""

from flask import Blueprint

bp = Blueprint("directory", __name__)


def init_app(app) -> None:
    """Routes for /directory and /profile, the embedding and import tasks, panels, personal data, the demo's
    embeddings."""
    from learning_hub.directory import demo, panels, privacy, tasks
    from learning_hub.directory.browse import rendering  # noqa: F401  (template helpers: declared on bp)
    from learning_hub.directory.browse import routes as browse_routes  # noqa: F401  (routes: declared on bp)
    from learning_hub.directory.imports import routes as import_routes  # noqa: F401
    from learning_hub.directory.profiles import routes as profile_routes  # noqa: F401
    from learning_hub.jobs import register_task
    from learning_hub.main.dashboard import register_panel
    from learning_hub.privacy import register_section
    from learning_hub.seed import register_demo_step

    app.register_blueprint(bp)  # /directory/... and /profile/... (paths spelled out in its routes)
    register_task(app, "directory.embed_profile", tasks.embed_profile)
    register_task(app, "directory.embed_profiles", tasks.embed_profiles)
    register_task(app, "directory.embed_library", tasks.embed_library_task)
    register_task(app, "directory.finish_import", tasks.finish_import)
    register_panel(app, "directory", "directory/_panel_directory.html", panels.directory_panel, order=20)
    register_panel(
        app,
        "directory_imports",
        "directory/_panel_imports.html",
        panels.directory_imports,
        roles=("coordinator",),
        order=14,
    )
    register_section(app, "directory", export=privacy.export_directory, erase=privacy.erase_directory)
    register_demo_step(app, "directory embeddings", demo.embed_demo_profiles)
