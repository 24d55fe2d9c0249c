"""The modding toolchain: content packs checked, linted, play-tested and documented from the CLI.

Pack loading itself lives in `game.scenario.packs`; this package adds the `hengyang` subcommands
(`validate-pack`, `new-pack`, `lint`, `test-pack`, `schema-docs`, `pack-schema`, `packs`).
"""
