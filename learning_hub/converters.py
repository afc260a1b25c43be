"""URL converters. `<id:...>` accepts 1..2^31-1 only, so huge numbers are a 404, not an OverflowError."""

from werkzeug.routing import IntegerConverter

MAX_ID = 2**31 - 1


class IdConverter(IntegerConverter):
    def __init__(self, map, *args, **kwargs):
        kwargs.setdefault("min", 1)
        kwargs.setdefault("max", MAX_ID)
        super().__init__(map, *args, **kwargs)


def register_converters(app) -> None:
    app.url_map.converters["id"] = IdConverter
