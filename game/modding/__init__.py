"""The modding toolchain: content packs checked, linted, play-tested and documented from the CLI.

Pack loading itself lives in `game.scenario.packs`; this package adds the `hengyang` subcommands
(`validate-pack`, `lint`, `test-pack` with `--explain`, `try-event`, `new-pack`, `ids`, `seeds`,
`schema-docs`, `pack-schema`, `packs`) and what they need: lint rules, the random test, the clause-by-clause
explanation of a trigger, the id tables and the editor schema.
"""
