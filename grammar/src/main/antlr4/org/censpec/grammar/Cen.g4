/*
 * The censpec constraint spec language, v1 (see ../shared/docs/language.md and
 * docs/language.md). The grammar only recognises structure; names, numbers and
 * required items are checked on the typed model, so that one run reports every
 * problem with its location.
 */
grammar Cen;

spec        : includeDecl* specHeader? decl* EOF ;   /* the header is required of the file given (ModelBuilder) */
specHeader  : 'spec' name ';' ;

decl        : ramDecl | propertyDecl | allocatorDecl | deviceDecl | shareDecl | flowDecl | suppressDecl | includeDecl
            | heapAccessDecl ;

/* include "common.cen"; the path is relative to the including file (docs/language.md) */
includeDecl : 'include' path=STRING ';' ;

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

/* share NAME { d1, d2 } max_size 12M alias "linux,cma";  (the clauses, in any order, and the ';' are optional) */
shareDecl   : 'share' name '{' nameList '}' shareClause* ';'? ;
shareClause : kw='max_size' NUMBER
            | kw='alias' STRING (',' STRING)*
            ;

/* heap_access group "video" mode 0660;  the heap nodes' group and mode (the module's udev rules) */
heapAccessDecl : kw='heap_access' heapAccessItem+ ';' ;
heapAccessItem : kw='group' STRING
               | kw='mode' NUMBER
               ;

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
     | 'include' | 'alias' | 'heap_access' | 'group' | 'mode'
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
