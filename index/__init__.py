"""Ingestion and stores: source file -> Plan -> facts + chunks -> Chroma, lexical index, facts."""
