-- 0012: deliveries by service type and date, covering what reports sum.
--
-- A district's elderly-service circle records half a million deliveries a year; `report summary`
-- reads a year of them per service type (count and days served). Walking this index one
-- service type at a time (the codes come from the vocabulary, which never loses a code) reads
-- only the index, in order, with no temporary b-tree.
CREATE INDEX delivery_type_date ON delivery (service_type, date, count, site_id);
