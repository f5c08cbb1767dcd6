-- The platform's database and Synapse's (Synapse requires C collation).
CREATE DATABASE lotse;
CREATE DATABASE synapse ENCODING 'UTF8' LC_COLLATE 'C' LC_CTYPE 'C' TEMPLATE template0;
