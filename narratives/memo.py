"""functools.lru_cache with one addition: entries computed in another process can be handed in.

The claim readings (signals.py) are computed per claim from its parse. The Ray engine computes them
on its workers, next to the claims, and the driver `remember`s them, so that the pairs and judge
stages on the driver find them instead of computing them again (engine_ray.py).
"""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache, update_wrapper


def remembering_cache(maxsize: int) -> Callable:
    """`lru_cache(maxsize)`, plus `remember(args, value)`: handed-in values, kept apart and never evicted.

    >>> @remembering_cache(maxsize=128)
    ... def square(x): return x * x
    >>> square.remember((3,), 9); square.known(3)
    True
    """
    def decorate(function: Callable) -> Callable:
        cached = lru_cache(maxsize=maxsize)(function)
        given: dict = {}

        def wrapper(*args, **kwargs):
            if not kwargs and args in given:
                return given[args]
            return cached(*args, **kwargs)

        def cache_clear() -> None:
            given.clear()
            cached.cache_clear()

        wrapper.remember = given.__setitem__  # type: ignore[attr-defined]
        wrapper.known = lambda *args: args in given  # type: ignore[attr-defined]
        wrapper.cache_clear = cache_clear  # type: ignore[attr-defined]
        wrapper.cache_info = cached.cache_info  # type: ignore[attr-defined]
        return update_wrapper(wrapper, function)

    return decorate
