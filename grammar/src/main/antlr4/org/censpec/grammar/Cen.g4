/*
 * The censpec constraint spec language, v1 (see ../shared/docs/language.md and
 * docs/language.md). The grammar only recognises structure; names, numbers and
 * required items are checked on the typed model, so that one run reports every
 * problem with its location.
 */
grammar Cen;

spec        : specHeader decl* EOF ;
specHeader  : 'spec' name ';' ;

decl        : ramDecl | propertyDecl | allocatorDecl | deviceDecl | shareDecl | flowDecl | suppressDecl ;

ramDecl      : kw='ram' amount=NUMBER ('at' base=NUMBER)? ';' ;
propertyDecl : 'property' name ';' ;

allocatorDecl : 'allocator' name '{' allocatorItem* '}' ;
allocatorItem : kw='backend' name ';'
              | kw='provides' nameList ';'
              | kw='below' NUMBER ';'
              | kw='align' NUMBER ';'
              | kw='protected' ';'
              | kw='region' STRING ';'
              | kw='size' NUMBER ';'
              ;

deviceDecl : 'device' name '{' deviceItem* '}' ;
deviceItem : kw='dma_bits' NUMBER ';'
           | kw='requires' nameList ';'
           | kw='forbids' nameList ';'
           | kw='align' NUMBER ';'
           | kw='iommu' ';'
           | kw='protected' ';'
           | kw='match' STRING (',' STRING)* ';'
           ;

/* share NAME { d1, d2 } max_size 12M;  (the max_size clause and its ';' are optional) */
shareDecl : 'share' name '{' nameList '}' ('max_size' maxSize=NUMBER ';'?)? ;

flowDecl  : 'flow' name 'on' name '{' actorDecl* '}' ;
actorDecl : 'actor' name '{' stepDecl* '}' ;
stepDecl  : (label=name ':')? action ';' ;
action    : op=('attach' | 'map' | 'unmap' | 'detach') name   # deviceAction
          | 'wait' actor=name '.' target=name                  # waitAction
          ;

nameList : name (',' name)* ;

/* suppress flow.attach-after-map on preview_frame "the camera is started after the compositor"; */
suppressDecl : 'suppress' findingId ('on' target=name)? reason=STRING ';' ;
findingId    : name ('.' name ('-' name)*)+ ;

/* Keywords are only reserved where the grammar needs them: any of them may name things. */
name : ID
     | 'spec' | 'ram' | 'property' | 'allocator' | 'backend' | 'provides' | 'below' | 'align'
     | 'device' | 'dma_bits' | 'requires' | 'forbids' | 'share' | 'flow' | 'on' | 'actor'
     | 'attach' | 'map' | 'unmap' | 'detach' | 'wait' | 'suppress'
     | 'at' | 'iommu' | 'protected' | 'match' | 'region' | 'size' | 'max_size'
     ;

ID            : [A-Za-z_] [A-Za-z0-9_]* ;
NUMBER        : [0-9]+ [KMG]? ;
STRING        : '"' ~["\r\n]* '"' ;
LINE_COMMENT  : '//' ~[\r\n]* -> skip ;
BLOCK_COMMENT : '/*' .*? '*/' -> skip ;
/* A comment never closed runs to the end of the file: one token, so lexing stays linear
 * (without it every later '/*' would rescan to the end). It cannot contain a closing
 * star-slash; the lexer reports it as one located syntax error. */
UNTERMINATED_COMMENT : '/*' ( ~'*' | '*'+ ~[*/] )* '*'* EOF ;
WS            : [ \t\r\n\f]+ -> skip ;
/* Anything else is one bad character, reported as a syntax error at its position. */
ERROR_CHAR    : . ;
