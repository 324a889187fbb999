"""Django's Redis cache, with one Redis client per connection pool instead of one per call, and a
read that skips redis-py's per-command machinery.

Django's ``RedisCacheClient.get_client`` builds a new ``redis.Redis`` for every cache operation;
its constructor fills a table of about 170 response callbacks, which cost more CPU than the
round trip to Redis itself (measured: a quarter of a millisecond per call, two calls per
signed-in page: the session and the page cache). A client only holds its pool, which is safe to
share between threads and notices a fork, so one per pool is kept.

A ``get`` is the call every signed-in page makes twice. Through the client it takes a connection
from the pool (which polls the socket for stray data), wraps the command in a retry with its
callbacks, records its duration for observability and gives the connection back: some 1,500
Python opcodes for one GET. Here each thread sends its GETs on a connection of its own, made by the
pool's own connection class and settings: redis-py still packs the command, parses the reply (in C)
and closes the connection on any error. When that connection fails (Redis restarted, a timeout),
the read goes the client's way, with its retries; a connection is never used again with a reply
left unread.
"""

import os
import threading

from django.core.cache.backends.redis import RedisCache as DjangoRedisCache
from django.core.cache.backends.redis import RedisCacheClient
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError


class _ReusingClient(RedisCacheClient):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}
        self._threads = threading.local()

    def get_client(self, key=None, *, write=False):
        index = self._get_connection_pool_index(write)
        client = self._clients.get(index)
        if client is None:
            client = self._clients[index] = self._client(connection_pool=self._get_connection_pool(index))
        return client

    def get(self, key, default):
        connection = self._own_connection()
        try:
            connection.send_command("GET", key)
            value = connection.read_response()
        except (RedisConnectionError, RedisTimeoutError):
            # redis-py has closed the connection: the client's way, with its retries (the next
            # read reconnects this thread's connection).
            return super().get(key, default)
        except BaseException:
            # Whatever interrupted it (also between sending and reading): never read this
            # command's reply as the next one's.
            connection.disconnect()
            raise
        return default if value is None else self._serializer.loads(value)

    def _own_connection(self):
        """This thread's connection for reads; a forked process makes its own."""
        pid = os.getpid()
        own = getattr(self._threads, "connection", None)
        if own is None or own[0] != pid:
            pool = self._get_connection_pool(self._get_connection_pool_index(write=False))
            own = self._threads.connection = (pid, pool.connection_class(**pool.connection_kwargs))
        return own[1]


class RedisCache(DjangoRedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = _ReusingClient
