"""Valid, made-up KBO and INSZ numbers for benchmarks and load tests (pure: no Django import, so
the locustfile can use them too)."""


def kbo(n: int) -> str:
    """A valid KBO number for every n below ten million (prefix 09 keeps clear of real test data)."""
    first8 = f"09{n:06d}" if n < 1_000_000 else f"1{n:07d}"
    return first8 + f"{97 - int(first8) % 97:02d}"


def insz(n: int) -> str:
    """A valid INSZ for every n below about 16 million: year 50–99, month, day 1–28, serial."""
    serie, n = 1 + n % 997, n // 997
    dag, n = 1 + n % 28, n // 28
    maand, n = 1 + n % 12, n // 12
    first9 = f"{50 + n:02d}{maand:02d}{dag:02d}{serie:03d}"
    return first9 + f"{97 - int(first9) % 97:02d}"
