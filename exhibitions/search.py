"""Exhibition labels in objects' search documents: a visitor who remembers a label's
words finds the object. Registered with the collection's search from ``ready()``."""

from exhibitions.models import Exhibition, ExhibitionItem, Section


def label_text():
    """(sql, params): each object's labels in published exhibitions, both languages.

    A draft exhibition's labels must not make objects findable by their words.
    """
    shown_sql, shown_params = Exhibition.objects.published().values("pk").query.sql_with_params()
    sql = f"""
        SELECT label.item_id, string_agg(concat_ws(' ', label.label_title_vi,
               label.label_title_en, label.label_text_vi, label.label_text_en), ' ')
        FROM {ExhibitionItem._meta.db_table} AS label
        JOIN {Section._meta.db_table} AS section ON section.id = label.section_id
        WHERE label.item_id IN (SELECT object_id FROM target)
          AND section.exhibition_id IN ({shown_sql})
        GROUP BY label.item_id"""
    return sql, list(shown_params)
