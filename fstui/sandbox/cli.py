"""``fstui sandbox``: serve the sandbox in the foreground and print how to reach it."""

from __future__ import annotations

import argparse
import socket
import sys

from . import DEMO_AGENT_EMAIL, DEMO_AGENT_PASSWORD, DEMO_API_KEY
from .faults import FaultConfig
from .limits import DEFAULT_PLAN, PLANS
from .served import help_text


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="fstui sandbox",
        description="Serve a Freshservice-compatible API v2 sandbox with seeded help-desk data.",
        epilog=help_text(), formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1)")
    parser.add_argument("--assets-read-only", action="store_true",
                        help="serve assets read-only, as the reference has them (default: today's accounts, "
                             "which accept asset writes)")
    parser.add_argument("--port", type=int, default=8765, help="port to listen on (default 8765; 0 picks a free one)")
    parser.add_argument("--seed", type=int, default=1, help="seed of the generated data and faults (default 1)")
    parser.add_argument("--tickets", type=int, default=2000, help="number of tickets to generate (default 2000)")
    parser.add_argument("--plan", default=DEFAULT_PLAN, choices=sorted(PLANS), type=str.lower,
                        help=f"rate-limit plan (default {DEFAULT_PLAN})")
    parser.add_argument("--faults", default=None,
                        help="fault probabilities, e.g. 'rate_429=0.1,rate_500=0.05,drop=0.02,slow=0.1,"
                             "timeout_after_apply=0.02,seed=3' (off by default)")
    parser.add_argument("--single-workspace", action="store_true",
                        help="serve an account with one workspace (default: IT, HR and Facilities)")
    parser.add_argument("--api-key", default=DEMO_API_KEY, help="API key to accept (default: the demo key)")
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    if args.tickets < 0:
        print("fstui sandbox: --tickets must be >= 0", file=sys.stderr)
        return 2
    try:
        faults = FaultConfig.parse_spec(args.faults)
    except ValueError as exc:
        print(f"fstui sandbox: --faults: {exc}", file=sys.stderr)
        return 2
    if faults.seed == 0 and args.faults and "seed" not in args.faults:
        faults.seed = args.seed
    from .server import SandboxServer

    port = args.port
    if port == 0:
        with socket.socket() as s:
            s.bind((args.host, 0))
            port = s.getsockname()[1]
    server = SandboxServer(seed=args.seed, tickets=args.tickets, plan=args.plan, faults=faults,
                           api_key=args.api_key, host=args.host, port=port,
                           workspaces=not args.single_workspace)
    host = f"[{args.host}]" if ":" in args.host else args.host
    print(f"Freshservice sandbox on http://{host}:{port}  (API: http://{host}:{port}/api/v2)")
    print(f"  API key:        {args.api_key}")
    print(f"  Agent email:    {DEMO_AGENT_EMAIL}")
    print(f"  Agent password: {DEMO_AGENT_PASSWORD}")
    print(f"  Plan: {args.plan}; tickets: {args.tickets}; seed: {args.seed}; faults: {'on' if faults.active else 'off'}")
    if args.assets_read_only:
        print("  Assets: read-only, as the reference has them (writes answer 405)")
    print("  Control: GET /_sandbox/stats, POST /_sandbox/reset, POST /_sandbox/faults. Ctrl+C stops.", flush=True)
    server.sandbox.assets_read_only = args.assets_read_only
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    return 0


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main(sys.argv[1:]))
