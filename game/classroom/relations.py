"""Who each staff role answers to, works with and distrusts, as the sources record it, for the role sheets.

Reacting to the Past gives each player the ties and grudges of the person they play; the game's content
gives roles and events but no relationships, so they are kept here, each in our own words with the exact
passage of the source that supports it (a test checks every passage against the seed). Relationships are
by scenario and role id; a scenario with none simply has no such section.

Our sources are thin on some of these men: where the article names nobody (the 190th Division's commander,
the quartermaster, the signals officer), the relationship is told of the post, not invented for a person.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Relation:
    """One tie or friction, for the roles it concerns."""

    roles: tuple[str, ...]
    kind: str  # "answers to", "works with", "friction"
    text: str
    seed: str
    quote: str


_A = "hengyang_article"

RELATIONS: dict[str, tuple[Relation, ...]] = {
    "hengyang1944": (
        Relation(("commander",), "answers to",
                 "Fang answers to Generalissimo Chiang Kai-shek in Chongqing, who called him back to command himself "
                 "and ordered him to Hengyang.", _A,
                 "On the night of 29 May 1944, Chiang Kai-shek called Fang directly from Chongqing, ordering him to "
                 "resume his command and deploy to Hengyang immediately."),
        Relation(("commander",), "answers to",
                 "Above the corps in the field stands General Xue, Supreme Commander of the Ninth War Area, to whom "
                 "Fang once promised to hold Changsha for a week.", _A,
                 "after promising the Supreme Commander of the Ninth War Area, General Xue, to hold his battle lines "
                 "for a week"),
        Relation(("commander", "div190"), "friction",
                 "Bad blood with the 190th Division: its deputy commander Zhu, a confidant of General Xue, resented "
                 "Fang's promotion in 1942.", _A,
                 "Fang’s promotion in 1942 was resented by 190th Division Deputy Commander Zhu, a General Xue "
                 "confidante. This sowed seeds of trouble for Fang."),
        Relation(("commander", "div190"), "friction",
                 "At Changde in 1943 Zhu delayed Fang's orders; Fang threatened to execute him, Xue took offence and "
                 "had Fang removed. Fang has just come back.", _A,
                 "the 10th Corps failed in a rescue mission mainly because Zhu delayed carrying out Fang’s orders. "
                 "Flying into a rage, Fang threatened to execute Zhu. This offended Xue, who then convinced Chiang "
                 "Kai-shek to remove Fang from his command."),
        Relation(("div190", "commander", "chief_of_staff"), "friction",
                 "The regiment of the 54th Division beside you on the east bank is under a commander said to be close "
                 "to General Xue; he let two of its battalions go once the airfield was lost.", _A,
                 "However, the commander, said to be close to General Xue, allowed two battalions to leave after "
                 "Hengyang airfield was lost on the third day of the battle"),
        Relation(("div190",), "answers to",
                 "Fang sends your 570th Regiment to the airfield; a spy hidden in its ranks passes intelligence to "
                 "the Japanese.", _A,
                 "General Fang sent the 570th Regiment of 190th Division to reinforce, but intelligence smuggled out "
                 "by a spy hidden in the regiment helped the Japanese take the airfield quickly."),
        Relation(("chief_of_staff", "div10", "div3", "div190"), "answers to",
                 "The Chief of Staff and the division commanders answer to Fang, who took them round the ground "
                 "himself before the battle.", _A,
                 "Immediately afterwards, General Fang took his Chief of Staff and division commanders to reconnoiter "
                 "the surrounding terrain."),
        Relation(("commander", "chief_of_staff", "div10", "div3", "div190"), "works with",
                 "Fang decides the gravest questions with his division commanders around one table.", _A,
                 "At 3pm that day, Chinese 10th Corps Commander General Fang called his four division commanders "
                 "together for a summit meeting."),
        Relation(("div3", "commander"), "friction",
                 "At the summit meeting the 3rd Division's commander speaks for breaking out, and a senior staff "
                 "officer speaks against it.", _A,
                 "suggested that they should try to break through. One senior staff member objected."),
        Relation(("div10", "commander"), "works with",
                 "Ge's division takes the main blows, until Fang must order him back to the second line.", _A,
                 "Seeing the division no longer able to continue, General Fang had to order General Ge to fall back "
                 "to the second line of defense."),
        Relation(("chief_of_staff", "commander"), "works with",
                 "The Chief of Staff drafts Fang's telegrams to Chiang, the last one included.", _A,
                 "to draft a telegram to Chiang Kai-shek, now renowned as \"the last telegram\""),
        Relation(("chief_of_staff", "commander", "div3"), "works with",
                 "Fang, Sun and Zhou of the 3rd Division talk late into the night about the wounded and what is left "
                 "to do.", _A,
                 "General Fang, Chief of Staff Sun, and Qingxiang Zhou had a long discussion late into the night."),
        Relation(("air_liaison", "chief_of_staff"), "works with",
                 "The corps' telegrams reach Chongqing through the air-force headquarters at Zhijiang and the radio "
                 "network south of the Yangtze: through the signals officer.", _A,
                 "The telegram was delivered to Chongqing via two channels: Zhijiang Chinese Air Force Headquarters "
                 "and the south of Yangtse radiotelegraph network."),
        Relation(("air_liaison",), "works with",
                 "The American Brigadier General Hoag gave the corps its radio link to Zhijiang, which relays to "
                 "Chongqing.", _A,
                 "Hoag put the Chinese in direct radio communication with Zhijiang Chinese Air Force Headquarters, "
                 "which could relay their messages to Chongqing."),
        Relation(("air_liaison", "commander"), "answers to",
                 "A telegram from Chiang promising reinforcements \"tomorrow\" never reaches Fang.", _A,
                 "had sent a telegram to General Fang, saying: \"Reinforcements are on the way. They will arrive at "
                 "your position tomorrow with no delay.\" However, Fang never received the message."),
        Relation(("logistics",), "works with",
                 "Mr. Yu, Chiang's head of logistics, came to Hengyang in mid-June to help the corps with its "
                 "supplies.", _A,
                 "Around mid-June, Chang Kai-shek sent Mr. Yu, his head of Logistics, to Hengyang to help with "
                 "supplies."),
        Relation(("logistics", "medical"), "works with",
                 "The mayor organised the 32,000 volunteers who stayed into six teams; the quartermaster and the "
                 "surgeon share them.", _A,
                 "The mayor organized them into six teams: transporting munitions, fixing damaged defense works, "
                 "extinguishing fires, carrying stretchers, attending to wounded soldiers, and collecting corpses."),
        Relation(("medical",), "works with",
                 "The Presbyterian Ren Ji Hospital left its equipment and sulfa drugs behind when it evacuated.", _A,
                 "The equipment and medicines left behind, particularly sulfa drugs, greatly helped wounded soldiers "
                 "to recover fast"),
    ),
}


def relations_for(scenario_id: str, role_id: str) -> list[Relation]:
    """The relationships recorded for a role (none for a scenario we hold none for)."""
    return [r for r in RELATIONS.get(scenario_id, ()) if role_id in r.roles]
