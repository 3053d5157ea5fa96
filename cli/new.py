"""``sim new`` (a commented scenario scaffold) and ``sim schema`` (the JSON Schema editors use)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from sim.output import write_atomic

from ._common import console, fail, user_errors

EDITOR_HINT = "editors check the file while you type (VS Code: the YAML extension by Red Hat)"


def new(
    name: Annotated[str, typer.Argument(help="Name of the new company; the file is NAME.yaml.")],
    from_: Annotated[
        str,
        typer.Option("--from", help="Archetype to start from: a name (`sim list`) or a file."),
    ],
    out: Annotated[Path, typer.Option(help="Folder to write NAME.yaml into.")] = Path("."),
    force: Annotated[bool, typer.Option("--force", help="Replace NAME.yaml if it exists.")] = False,
) -> None:
    """Write NAME.yaml, a scenario started from an archetype with every key explained in a
    comment (meaning, unit, range), and scenario.schema.json next to it for editors."""
    from sim.scenario.json_schema import SCHEMA_FILE, scenario_schema, schema_text
    from sim.scenario.scaffold import check_name, scaffold

    with user_errors():
        stem = check_name(name)
        archetype = _archetype(from_)
        target = out / f"{stem}.yaml"
        if target.is_dir():
            raise fail(f"{target}: is a folder, cannot write the scenario there")
        if target.exists() and not force:
            raise fail(
                f"{target} already exists; choose another name or --out folder, "
                "or add --force to replace it"
            )
        text = scaffold(archetype, stem, SCHEMA_FILE)
    write_atomic(target, text)
    console.print(
        f"wrote {target}: {archetype.stem}'s values, every key explained", highlight=False
    )
    schema_file, fresh = out / SCHEMA_FILE, schema_text(scenario_schema())
    if not schema_file.exists() or (force and schema_file.read_text(encoding="utf-8") != fresh):
        write_atomic(schema_file, fresh)
        console.print(f"wrote {schema_file}: {EDITOR_HINT}", highlight=False)
    elif schema_file.read_text(encoding="utf-8") != fresh:
        console.print(
            f"kept {schema_file}, which differs from this version's schema; refresh it with "
            f"`sim schema --out {schema_file}`",
            highlight=False,
        )
    console.print(
        f"next: edit {target}, then `sim validate {target}`, `sim run {target}`, "
        f"`sim story {target}`",
        highlight=False,
    )


def schema(
    strategy: Annotated[
        bool, typer.Option("--strategy", help="The schema of strategy files instead.")
    ] = False,
    out: Annotated[
        Path | None, typer.Option(help="Write the schema to this file instead of printing it.")
    ] = None,
) -> None:
    """Print the JSON Schema of scenario files (or, with --strategy, of strategy files), for
    editors: point a YAML file at it with a first line
    `# yaml-language-server: $schema=scenario.schema.json`."""
    from sim.scenario.json_schema import SCHEMA_FILE, scenario_schema, schema_text
    from sim.scenario.json_schema import strategy_schema as strategy_schema_

    text = schema_text(strategy_schema_() if strategy else scenario_schema())
    if out is None:
        typer.echo(text, nl=False)
        return
    if out.is_dir():
        raise fail(f"{out}: is a folder; give a file name, e.g. {out / SCHEMA_FILE}")
    write_atomic(out, text)
    console.print(f"wrote {out}: {EDITOR_HINT}", highlight=False)


def _archetype(value: str) -> Path:
    """A scenario file, or the packaged archetype of that name (:mod:`sim.scenario.library`)."""
    from sim.scenario import library
    from sim.scenario.loading import ScenarioError

    try:
        return library.resolve(value)
    except ScenarioError as e:
        raise fail(f"--from {e}") from None
