"""Opening the store for a command, acting as its practitioner: --practitioner (id or name),
else $NEEDLEPLAN_PRACTITIONER, else on PostgreSQL the profile bound to the login role; with
none, changes are recorded under the login (or role) alone."""

from __future__ import annotations

import argparse
import os
from typing import TYPE_CHECKING

from planner.domain.errors import NotFoundError, ValidationError

if TYPE_CHECKING:
    from planner.store.database import Store

ENV_PRACTITIONER = "NEEDLEPLAN_PRACTITIONER"


def open_cli_store(args: argparse.Namespace) -> Store:
    """The store of --database-url, acting as the command's practitioner; ValidationError
    naming --practitioner when it names nobody (the store is closed again)."""
    from planner.store.database import open_store

    store = open_store(args.database_url)
    wanted = getattr(args, "practitioner", None) or os.environ.get(ENV_PRACTITIONER, "")
    try:
        if wanted:
            store.act_as(store.practitioners.find(wanted))
        else:
            store.act_as(store.role_practitioner())
    except NotFoundError as exc:
        store.close()
        option = "--practitioner" if getattr(args, "practitioner", None) else ENV_PRACTITIONER
        raise ValidationError.single(option, str(exc)) from None
    except BaseException:
        store.close()
        raise
    return store
