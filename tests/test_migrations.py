"""Every migration upgrades a database holding data from the schema before it, losing nothing."""

from sqlalchemy import text

from kultur3 import migrate


def test_0001_data_survives_the_upgrade_to_head(backend):
    url = backend.fresh("bare")
    from kultur3.db import make_engine
    engine = make_engine(url)
    try:
        migrate.upgrade(engine, "0001")
        with engine.begin() as c:
            c.execute(text("INSERT INTO programme (id, slug, name, is_demo, created_at) "
                           "VALUES (1, 'p', 'P', false, CURRENT_TIMESTAMP)"))
            c.execute(text("INSERT INTO municipality (id, number, name, county_number, county) "
                           "VALUES (1, '3203', 'Asker', '32', 'Akershus')"))
            c.execute(text("INSERT INTO valuearea (id, programme_id, key, position, names, "
                           "descriptions, level_texts, retired) VALUES (1, 1, 'a', 1, '{}', '{}', "
                           "'{}', false)"))
            c.execute(text("INSERT INTO gathering (id, programme_id, kind, title, held_on, "
                           "is_digital, status, phase, phase_version) VALUES (1, 1, "
                           "'fellessamling', 'F1', '2021-09-23', false, 'closed', 'welcome', 0)"))
            c.execute(text("INSERT INTO score (gathering_id, municipality_id, value_area_id, kind, "
                           "is_group, value, updated_at) VALUES (1, 1, 1, 'current', true, 3, "
                           "CURRENT_TIMESTAMP)"))
        migrate.upgrade(engine)
        with engine.connect() as c:
            row = c.execute(text("SELECT value, guest_key FROM score")).one()
        assert tuple(row) == (3, None)
        migrate.downgrade(engine, "0001")
        with engine.connect() as c:
            assert c.execute(text("SELECT value FROM score")).scalar() == 3
    finally:
        engine.dispose()
        backend.drop(url)
