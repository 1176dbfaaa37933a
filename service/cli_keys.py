"""``python -m service keys``: issue, revoke and list the API keys of ``NAS_API_KEYS_FILE``."""

from __future__ import annotations

import argparse
import os
import sys
from typing import Any

KEYS_HELP = """\
Issue and revoke the API keys of NAS_API_KEYS_FILE (a JSON file of salted key hashes, one caller
name each; docs/deployment.md). 'add NAME' makes a new key and prints it once, on stdout alone
(keep it: the file holds only its hash), or registers the key given with --key (read it from
--key-file or stdin with --key-file - to keep it out of the shell history); 'revoke NAME' removes
the caller; 'list' prints the names. The file is written atomically with mode 0600; a running
service reads it again on its next request."""


def add_keys(sub: Any) -> None:
    p = sub.add_parser("keys", help="issue, revoke and list API keys", description=KEYS_HELP)
    actions = p.add_subparsers(dest="action", required=True)
    env_file = os.environ.get("NAS_API_KEYS_FILE") or None
    file_help = "the key file (default: $NAS_API_KEYS_FILE)"

    add = actions.add_parser("add", help="add a caller and print its new key once")
    add.add_argument("name", metavar="NAME", help="caller name: a letter, then [A-Za-z0-9._-]")
    add.add_argument("--file", default=env_file, required=env_file is None, help=file_help)
    given = add.add_mutually_exclusive_group()
    given.add_argument("--key", help="register this key instead of making one (32+ characters)")
    given.add_argument("--key-file", metavar="PATH", help="read the key from PATH, or - for stdin")
    add.set_defaults(func=cmd_keys_add)

    revoke = actions.add_parser("revoke", help="remove a caller: its key stops working")
    revoke.add_argument("name", metavar="NAME")
    revoke.add_argument("--file", default=env_file, required=env_file is None, help=file_help)
    revoke.set_defaults(func=cmd_keys_revoke)

    listing = actions.add_parser("list", help="print the callers' names and when they were added")
    listing.add_argument("--file", default=env_file, required=env_file is None, help=file_help)
    listing.set_defaults(func=cmd_keys_list)


def cmd_keys_add(args: argparse.Namespace) -> int:
    from service import keys
    from service.cli import _read_input, error

    key = args.key
    if args.key_file:
        try:
            key = _read_input(args.key_file).strip()
        except (OSError, UnicodeDecodeError) as exc:
            return error(f"cannot read {args.key_file}: {type(exc).__name__}")
    try:
        issued = keys.add(args.file, args.name, key)
    except keys.KeyFileError as exc:
        return error(str(exc))
    if key is None:
        print(issued)  # the one time it is shown; the file keeps only its hash
        print(f"added {args.name} to {args.file}; the key is not shown again", file=sys.stderr)
    else:
        print(f"added {args.name} to {args.file}", file=sys.stderr)
    return 0


def cmd_keys_revoke(args: argparse.Namespace) -> int:
    from service import keys
    from service.cli import error

    try:
        keys.revoke(args.file, args.name)
    except keys.KeyFileError as exc:
        return error(str(exc))
    print(f"revoked {args.name} in {args.file}", file=sys.stderr)
    return 0


def cmd_keys_list(args: argparse.Namespace) -> int:
    from service import keys
    from service.cli import error

    try:
        entries = keys.read(args.file)
    except keys.KeyFileError as exc:
        return error(str(exc))
    for entry in entries:
        print(f"{entry.name}\t{entry.created}")
    return 0
