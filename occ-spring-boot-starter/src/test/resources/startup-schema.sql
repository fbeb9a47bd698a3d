CREATE TABLE startup_marks (id INT PRIMARY KEY);
