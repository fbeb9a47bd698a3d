package dev.occ.spring.boot.it;

import org.springframework.boot.autoconfigure.SpringBootApplication;

/** A user's application in miniature: one table, one service, one controller, and the starter. */
@SpringBootApplication
public class StarterTestApp {}
