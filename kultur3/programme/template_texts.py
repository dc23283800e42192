"""The built-in value areas' descriptions and level texts, per language.

Written from the Kommune 1.0 / 2.0 / 3.0 row in DOMAIN.md: level 1 is the school alone (1.0),
3 is service-minded but project-based (2.0), 5 is co-created and anchored in plans and budgets
(3.0); 2 has first contacts or pilots, 4 has routines that work but are not yet in plans and
budgets. Each text names signs a group can check, not adjectives.

Per area and language: (description, level 1, level 2, level 3, level 4, level 5).
"""

from __future__ import annotations

AREA_TEXTS: dict[str, dict[str, tuple[str, str, str, str, str, str]]] = {
    "attraktiv": {
        "nb": (
            "Tilbudet er ønsket og brukt av mange ulike grupper i kommunen, og endrer seg når "
            "behovene endrer seg.",
            "Ventelister og en fast meny av instrumentopplæring; tilbudet er det lærerne kan "
            "undervise i.",
            "Enkelte nye tilbud prøves ut etter innspill, men menyen er stort sett den samme år "
            "etter år.",
            "Brukerundersøkelser justerer tilbudet; nye kurs kommer som prosjekter og avhenger av "
            "enkeltpersoner.",
            "Faste rutiner henter innspill fra barn, unge og voksne, og tilbudet justeres hvert "
            "år, men det står ikke i planer og budsjett.",
            "Tilbudet formes av det innbyggerne ber om og endres når de gjør det; grupper som "
            "aldri kom før, kjenner og søker kulturskolen.",
        ),
        "nn": (
            "Tilbodet er ønskt og brukt av mange ulike grupper i kommunen, og endrar seg når "
            "behova endrar seg.",
            "Ventelister og ein fast meny av instrumentopplæring; tilbodet er det lærarane kan "
            "undervise i.",
            "Einskilde nye tilbod vert prøvde ut etter innspel, men menyen er stort sett den same "
            "år etter år.",
            "Brukarundersøkingar justerer tilbodet; nye kurs kjem som prosjekt og er avhengige av "
            "einskildpersonar.",
            "Faste rutinar hentar innspel frå born, unge og vaksne, og tilbodet vert justert kvart "
            "år, men det står ikkje i planar og budsjett.",
            "Tilbodet vert forma av det innbyggjarane ber om og endrar seg når dei gjer det; "
            "grupper som aldri kom før, kjenner og søkjer kulturskulen.",
        ),
        "en": (
            "The offer is wanted and used by many different groups in the municipality, and "
            "changes when their needs change.",
            "Waiting lists and a fixed menu of instrument lessons; the offer is what the teachers "
            "can teach.",
            "A few new offers are piloted after suggestions, but the menu is mostly the same year "
            "after year.",
            "User surveys adjust the offer; new courses come as projects and depend on "
            "individuals.",
            "Regular routines collect wishes from children, youth and adults and the offer is "
            "adjusted every year, but this is not in plans or budgets.",
            "The offer is shaped by what residents ask for and changes when they do; groups that "
            "never came before know and seek out the school.",
        ),
    },
    "inkluderende": {
        "nb": (
            "Elevene speiler befolkningen, og pris, sted og tid stenger ingen ute.",
            "Pris, sted og tidspunkt stenger mange ute; elevene speiler de mest ressurssterke; "
            "ingen moderasjon.",
            "Søskenmoderasjon eller noen friplasser finnes; et første tilbud prøves ut på en "
            "skole eller et mottak.",
            "Moderasjon og enkelte tilbud i skoler eller nærmiljø, men de er prosjektfinansiert "
            "og avhenger av ildsjeler.",
            "Faste friplasser og tilbud i skole, barnehage og nabolag går år etter år, men er "
            "ikke sikret i plan og budsjett.",
            "Gratis og redusert plass, tilbud i skoler, barnehager, mottak og nabolag; elevene "
            "speiler befolkningen, og flere språk og kulturer er med i undervisningen.",
        ),
        "nn": (
            "Elevane speglar folkesetnaden, og pris, stad og tid stengjer ingen ute.",
            "Pris, stad og tidspunkt stengjer mange ute; elevane speglar dei mest ressurssterke; "
            "inga moderasjon.",
            "Syskenmoderasjon eller nokre friplassar finst; eit første tilbod vert prøvd ut på ein "
            "skule eller eit mottak.",
            "Moderasjon og einskilde tilbod i skular eller nærmiljø, men dei er "
            "prosjektfinansierte og avhengige av eldsjeler.",
            "Faste friplassar og tilbod i skule, barnehage og nabolag går år etter år, men er "
            "ikkje sikra i plan og budsjett.",
            "Gratis og redusert plass, tilbod i skular, barnehagar, mottak og nabolag; elevane "
            "speglar folkesetnaden, og fleire språk og kulturar er med i undervisninga.",
        ),
        "en": (
            "Pupils mirror the population, and price, place and time shut nobody out.",
            "Price, place and times shut many out; pupils mirror the well-off; no reduced fee.",
            "A sibling discount or a few free places exist; a first offer is tried at one school "
            "or reception centre.",
            "Reduced fees and some offers in schools or neighbourhoods, but project-funded and "
            "dependent on enthusiasts.",
            "Regular free places and offers in schools, kindergartens and neighbourhoods run year "
            "after year, but are not secured in plans and budgets.",
            "Free and reduced places, offers in schools, kindergartens, reception centres and "
            "neighbourhoods; pupils mirror the population, and several languages and cultures are "
            "part of the teaching.",
        ),
    },
    "utviklende": {
        "nb": (
            "Elevene skaper selv, og lærerne utvikler praksisen sin sammen og med partnere.",
            "Elevene gjengir et fast repertoar; konserten er det eneste målet.",
            "Noen elever prøver å komponere eller improvisere; én lærer starter et forsøk på "
            "tvers av kunstfag.",
            "Skapende prosjekter og samarbeid på tvers av kunstfag skjer av og til, når en lærer "
            "eller et prosjekt driver dem.",
            "Egen skaping og komponering er en fast del av undervisningen; lærerne har faste "
            "utviklingsmøter, men uten tid satt av i budsjettet.",
            "Elevene skaper, komponerer og lager forestillinger; tverrkunstneriske prosjekter er "
            "vanlige; lærerne utvikler praksis sammen og med partnere, med tid og midler satt av.",
        ),
        "nn": (
            "Elevane skaper sjølve, og lærarane utviklar praksisen sin saman og med partnarar.",
            "Elevane attgjev eit fast repertoar; konserten er det einaste målet.",
            "Nokre elevar prøver å komponere eller improvisere; éin lærar startar eit forsøk på "
            "tvers av kunstfag.",
            "Skapande prosjekt og samarbeid på tvers av kunstfag skjer av og til, når ein lærar "
            "eller eit prosjekt driv dei.",
            "Eiga skaping og komponering er ein fast del av undervisninga; lærarane har faste "
            "utviklingsmøte, men utan tid sett av i budsjettet.",
            "Elevane skaper, komponerer og lagar framsyningar; tverrkunstnarlege prosjekt er "
            "vanlege; lærarane utviklar praksis saman og med partnarar, med tid og midlar sette "
            "av.",
        ),
        "en": (
            "Pupils create for themselves, and teachers develop their practice together and with "
            "partners.",
            "Pupils reproduce a fixed repertoire; the concert is the only goal.",
            "Some pupils try composing or improvising; one teacher starts a cross-art trial.",
            "Creative and cross-art projects happen now and then, when a teacher or a project "
            "drives them.",
            "Creating and composing are a regular part of teaching; teachers meet regularly to "
            "develop, but without time set aside in the budget.",
            "Pupils create, compose and make performances; cross-art projects are common; "
            "teachers develop their practice together and with partners, with time and money set "
            "aside.",
        ),
    },
    "betydningsfull": {
        "nb": (
            "Hver elev opplever mestring på sitt nivå, og andre ser og beskriver hva kulturskolen "
            "betyr for trivsel og tilhørighet.",
            "Suksess måles i de få talentene som går videre; de andre slutter i det stille.",
            "Lærerne snakker om mestring for alle, og noen elever får egne mål.",
            "Elevsamtaler og egne mål er vanlig, men andre beskriver sjelden hva skolen betyr for "
            "trivsel og tilhørighet.",
            "Alle elever har egne mål og blir fulgt opp; skole, helsestasjon eller foreldre "
            "forteller om virkningen, men det dokumenteres ikke fast.",
            "Hver elev opplever mestring på sitt nivå; skole, helse og familier beskriver "
            "kulturskolens verdi for trivsel og tilhørighet, og kommunen bruker det i planene.",
        ),
        "nn": (
            "Kvar elev opplever meistring på sitt nivå, og andre ser og skildrar kva kulturskulen "
            "har å seie for trivsel og tilhøyrsle.",
            "Suksess vert målt i dei få talenta som går vidare; dei andre sluttar i det stille.",
            "Lærarane snakkar om meistring for alle, og nokre elevar får eigne mål.",
            "Elevsamtalar og eigne mål er vanleg, men andre skildrar sjeldan kva skulen har å "
            "seie for trivsel og tilhøyrsle.",
            "Alle elevar har eigne mål og vert følgde opp; skule, helsestasjon eller foreldre "
            "fortel om verknaden, men det vert ikkje dokumentert fast.",
            "Kvar elev opplever meistring på sitt nivå; skule, helse og familiar skildrar kva "
            "kulturskulen har å seie for trivsel og tilhøyrsle, og kommunen brukar det i planane.",
        ),
        "en": (
            "Every pupil experiences mastery at their own level, and others see and describe what "
            "the school means for wellbeing and belonging.",
            "Success is measured by the talented few who go on; the others quietly drop out.",
            "Teachers talk about mastery for all, and some pupils get goals of their own.",
            "Pupil talks and individual goals are common, but others rarely describe what the "
            "school means for wellbeing and belonging.",
            "Every pupil has goals of their own and is followed up; schools, health nurses or "
            "parents tell of the effect, but it is not documented regularly.",
            "Every pupil experiences mastery at their level; schools, health services and families "
            "describe the school's value for wellbeing and belonging, and the municipality uses it "
            "in its plans.",
        ),
    },
    "samskaping": {
        "nb": (
            "Elever, foreldre, innbyggere, frivillige og næringsliv definerer behov og driver "
            "prosjekter sammen med kulturskolen.",
            "Rektor og lærerne bestemmer alt; andre får vite det i etterkant.",
            "Et elevråd eller en foreldregruppe blir spurt i enkeltsaker; et første samarbeid med "
            "en frivillig organisasjon.",
            "Spørreundersøkelser og innspillsmøter før store endringer, men samarbeidet er "
            "engangs og personavhengig.",
            "Faste fora der elever, foreldre og partnere er med og bestemmer; felles prosjekter "
            "hvert år, men ikke forankret i planverket.",
            "Elever, foreldre, innbyggere, frivillige og næringsliv definerer behov og driver "
            "prosjekter sammen med skolen, hele tiden og ikke som en engangsundersøkelse.",
        ),
        "nn": (
            "Elevar, foreldre, innbyggjarar, frivillige og næringsliv definerer behov og driv "
            "prosjekt saman med kulturskulen.",
            "Rektor og lærarane bestemmer alt; andre får vite det i etterkant.",
            "Eit elevråd eller ei foreldregruppe vert spurt i einskildsaker; eit første samarbeid "
            "med ein frivillig organisasjon.",
            "Spørjeundersøkingar og innspelsmøte før store endringar, men samarbeidet er "
            "eingongs og personavhengig.",
            "Faste forum der elevar, foreldre og partnarar er med og bestemmer; felles prosjekt "
            "kvart år, men ikkje forankra i planverket.",
            "Elevar, foreldre, innbyggjarar, frivillige og næringsliv definerer behov og driv "
            "prosjekt saman med skulen, heile tida og ikkje som ei eingongsundersøking.",
        ),
        "en": (
            "Pupils, parents, residents, volunteers and business define needs and run projects "
            "together with the culture school.",
            "The head and the teachers decide everything; others hear about it afterwards.",
            "A pupils' council or parents' group is asked on single matters; a first joint effort "
            "with a voluntary organisation.",
            "Surveys and input meetings before big changes, but cooperation is one-off and "
            "person-dependent.",
            "Standing forums where pupils, parents and partners help decide; joint projects every "
            "year, but not anchored in the plans.",
            "Pupils, parents, residents, volunteers and business define needs and run projects "
            "together with the school, all the time, not as a one-off survey.",
        ),
    },
    "brukeren": {
        "nb": (
            "Timeplan, sted og form passer brukernes hverdag, og brukerne evaluerer tilbudet.",
            "Timeplan og lokaler passer de ansatte; undervisningen skjer på kulturskolen "
            "ettermiddag og kveld.",
            "Noen timer flyttes til skolen eller SFO når enkelte foreldre ber om det.",
            "Brukerundersøkelse hvert år eller annethvert år; tilpasninger skjer der en lærer får "
            "det til.",
            "Undervisning i skoletid, på SFO, digitalt, i grendene og i bydelene er "
            "vanlig; brukerne evaluerer fast, men endringene avhenger av ledelsen.",
            "Brukerens hverdag avgjør (etter skoletid, SFO, digitalt, der folk bor); brukerne "
            "evaluerer tilbudet, og det endres etter det de sier.",
        ),
        "nn": (
            "Timeplan, stad og form passar kvardagen til brukarane, og brukarane evaluerer "
            "tilbodet.",
            "Timeplan og lokale passar dei tilsette; undervisninga skjer på kulturskulen "
            "ettermiddag og kveld.",
            "Nokre timar vert flytta til skulen eller SFO når einskilde foreldre ber om det.",
            "Brukarundersøking kvart år eller annakvart år; tilpassingar skjer der ein lærar får "
            "det til.",
            "Undervisning i skuletida, på SFO, digitalt, i grendene og i bydelane er vanleg; "
            "brukarane evaluerer fast, men endringane er avhengige av leiinga.",
            "Kvardagen til brukaren avgjer (etter skuletid, SFO, digitalt, der folk bur); "
            "brukarane evaluerer tilbodet, og det vert endra etter det dei seier.",
        ),
        "en": (
            "Timetables, places and formats fit the users' day, and users evaluate the offer.",
            "Timetables and rooms suit the staff; lessons take place at the culture school in the "
            "afternoon and evening.",
            "Some lessons move to the school or after-school club when individual parents ask.",
            "A user survey every year or two; adjustments happen where a teacher manages them.",
            "Lessons in school hours, at the after-school club, online, in villages and neighbourhoods "
            "are common; users evaluate regularly, but changes depend on the management.",
            "The user's day decides (after school, after-school club, online, where people live); "
            "users evaluate the offer, and it changes after what they say.",
        ),
    },
    "baerekraft": {
        "nb": (
            "Arbeidet står i planer, budsjett og stillingsbeskrivelser og overlever at ledere og "
            "ildsjeler slutter.",
            "Prosjektmidler som tar slutt med prosjektet; alt hviler på enkeltpersoner.",
            "Et vellykket prosjekt videreføres ett år til på restmidler eller dugnad.",
            "Noen tiltak får driftsmidler, men de fleste lever fra søknad til søknad og står og "
            "faller med ildsjelene.",
            "Faste samarbeid og rutiner fungerer og ville overleve en ny rektor, men står ennå "
            "ikke i budsjett og stillingsbeskrivelser.",
            "Arbeidet står i planer, budsjett og stillingsbeskrivelser og overlever et "
            "lederskifte; sosial, kulturell og økonomisk bærekraft ses i sammenheng.",
        ),
        "nn": (
            "Arbeidet står i planar, budsjett og stillingsomtalar og overlever at leiarar og "
            "eldsjeler sluttar.",
            "Prosjektmidlar som tek slutt med prosjektet; alt kviler på einskildpersonar.",
            "Eit vellukka prosjekt vert vidareført eitt år til på restmidlar eller dugnad.",
            "Nokre tiltak får driftsmidlar, men dei fleste lever frå søknad til søknad og står og "
            "fell med eldsjelene.",
            "Faste samarbeid og rutinar fungerer og ville overleve ein ny rektor, men står enno "
            "ikkje i budsjett og stillingsomtalar.",
            "Arbeidet står i planar, budsjett og stillingsomtalar og overlever eit "
            "leiarskifte; sosial, kulturell og økonomisk berekraft vert sett i samanheng.",
        ),
        "en": (
            "The work is in plans, budgets and job descriptions and survives heads and "
            "enthusiasts leaving.",
            "Project money that ends with the project; everything rests on individuals.",
            "A successful project is kept going one more year on leftover funds or goodwill.",
            "Some efforts get running funds, but most live from grant to grant and stand or fall "
            "with the enthusiasts.",
            "Regular partnerships and routines work and would survive a new head, but are not yet "
            "in budgets and job descriptions.",
            "The work is in plans, budgets and job descriptions and survives a change of head; "
            "social, cultural and economic sustainability are thought of together.",
        ),
    },
    "helhet": {
        "nb": (
            "Kulturskolen er del av et sammenhengende tilbud med skole, barnehage, helse, "
            "barnevern og kultur gjennom hele livsløpet.",
            "Kulturskolen er en øy i kultursektoren; ingen faste kontakter med skole, barnehage "
            "eller helse.",
            "Første avtaler med én skole eller barnehage; kontakten går gjennom enkeltpersoner.",
            "Flere samarbeid to og to med skole, barnehage eller helse, men som prosjekter uten "
            "felles plan.",
            "Faste møtepunkter med skole, barnehage, helse og kultur; kulturskolen sitter i "
            "tverrfaglige team, men er ikke nevnt i kommunens planer for barn og unge.",
            "Del av et sammenhengende tilbud med skole, barnehage, helse, barnevern og kultur "
            "gjennom hele livsløpet; skrevet inn i kommunens plan for barn og unge.",
        ),
        "nn": (
            "Kulturskulen er del av eit samanhengande tilbod med skule, barnehage, helse, "
            "barnevern og kultur gjennom heile livsløpet.",
            "Kulturskulen er ei øy i kultursektoren; ingen faste kontaktar med skule, barnehage "
            "eller helse.",
            "Første avtalar med éin skule eller barnehage; kontakten går gjennom "
            "einskildpersonar.",
            "Fleire samarbeid to og to med skule, barnehage eller helse, men som prosjekt utan "
            "felles plan.",
            "Faste møtepunkt med skule, barnehage, helse og kultur; kulturskulen sit i "
            "tverrfaglege team, men er ikkje nemnd i planane kommunen har for born og unge.",
            "Del av eit samanhengande tilbod med skule, barnehage, helse, barnevern og kultur "
            "gjennom heile livsløpet; skriven inn i planen kommunen har for born og unge.",
        ),
        "en": (
            "The culture school is part of a coherent offer with school, kindergarten, health, "
            "child welfare and culture across the life course.",
            "The school is an island in the culture sector; no regular contact with schools, "
            "kindergartens or health services.",
            "First agreements with one school or kindergarten; contact runs through individuals.",
            "Several one-to-one partnerships with schools, kindergartens or health services, but "
            "as projects with no shared plan.",
            "Regular meeting points with school, kindergarten, health and culture; the school sits "
            "on cross-sector teams, but is not named in the municipality's plans for children and "
            "youth.",
            "Part of a coherent offer with school, kindergarten, health, child welfare and culture "
            "across the life course; written into the municipality's plan for children and youth.",
        ),
    },
}

LEVELS = ("1", "2", "3", "4", "5")


def descriptions(key: str) -> dict[str, str]:
    """{lang: description} of a built-in area."""
    return {lang: texts[0] for lang, texts in AREA_TEXTS[key].items()}


def level_texts(key: str) -> dict[str, dict[str, str]]:
    """{"1": {lang: text}, ..., "5": {...}} of a built-in area."""
    return {level: {lang: texts[i] for lang, texts in AREA_TEXTS[key].items()}
            for i, level in enumerate(LEVELS, start=1)}


# The survey's statement per area (issue 24): one sentence a pupil, a parent or a partner can
# agree with on 1-5 (or «Vet ikke»); each under 15 words (counted), no programme jargon.
SURVEY_STATEMENTS: dict[str, dict[str, str]] = {
    "attraktiv": {
        "nb": "Kulturskolen her har tilbud som er spennende og nyttige for meg.",
        "nn": "Kulturskulen her har tilbod som er spennande og nyttige for meg.",
        "en": "The culture school here offers things that are exciting and useful to me.",
    },
    "inkluderende": {
        "nb": "Kulturskolen her er til for alle barn og unge, uansett bakgrunn.",
        "nn": "Kulturskulen her er til for alle born og unge, same kva bakgrunn dei har.",
        "en": "The culture school here is for all children and young people, whatever "
              "their background.",
    },
    "utviklende": {
        "nb": "I kulturskolen får man lære nye ting og lage noe selv.",
        "nn": "I kulturskulen får ein lære nye ting og lage noko sjølv.",
        "en": "At the culture school you learn new things and make something of your own.",
    },
    "betydningsfull": {
        "nb": "Kulturskolen gir mestring og glede som betyr noe i hverdagen.",
        "nn": "Kulturskulen gir meistring og glede som betyr noko i kvardagen.",
        "en": "The culture school gives a sense of achievement and joy that matters in "
              "everyday life.",
    },
    "samskaping": {
        "nb": "Kulturskolen her lytter til det vi mener og lar oss være med å bestemme.",
        "nn": "Kulturskulen her lyttar til det vi meiner og lèt oss vere med og bestemme.",
        "en": "The culture school here listens to what we think and lets us help decide.",
    },
    "brukeren": {
        "nb": "Tilbudet passer til mine behov, tider og ønsker.",
        "nn": "Tilbodet passar til behova, tidene og ønska mine.",
        "en": "What is offered fits my needs, my times and my wishes.",
    },
    "baerekraft": {
        "nb": "Kulturskolen tar vare på folk, miljø og ressurser.",
        "nn": "Kulturskulen tek vare på folk, miljø og ressursar.",
        "en": "The culture school takes care of people, the environment and resources.",
    },
    "helhet": {
        "nb": "Kulturskolen samarbeider godt med skolen, barnehagen og andre i kommunen.",
        "nn": "Kulturskulen samarbeider godt med skulen, barnehagen og andre i kommunen.",
        "en": "The culture school works well with schools, kindergartens and others in "
              "the municipality.",
    },
}
