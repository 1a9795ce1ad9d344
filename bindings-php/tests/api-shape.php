<?php
// Prints the shape of the MpaasPush API (classes, parents, interfaces,
// methods with their parameters, functions) as text: from the loaded
// extension, or — given a file — from that file (the IDE stubs, loaded with
// php -n, no extension). scripts/php.sh diffs the two.
declare(strict_types=1);

if (isset($argv[1])) {
    require $argv[1];
}
$out = [];
$params = fn (ReflectionFunctionAbstract $f) => implode(', ', array_map(
    fn (ReflectionParameter $p) => ($p->isVariadic() ? '...' : '') . '$' . $p->getName() . ($p->isOptional() ? '?' : ''),
    $f->getParameters(),
));
$classes = array_filter(get_declared_classes(), fn ($c) => str_starts_with($c, 'MpaasPush\\'));
sort($classes);
foreach ($classes as $name) {
    $c = new ReflectionClass($name);
    $line = "class $name";
    if ($c->getParentClass()) {
        $line .= ' extends ' . $c->getParentClass()->getName();
    }
    $ifaces = array_diff($c->getInterfaceNames(), $c->getParentClass() ? $c->getParentClass()->getInterfaceNames() : []);
    sort($ifaces);
    if ($ifaces) {
        $line .= ' implements ' . implode(', ', $ifaces);
    }
    $out[] = $line;
    $methods = array_filter($c->getMethods(), fn ($m) => $m->getDeclaringClass()->getName() === $name);
    usort($methods, fn ($a, $b) => strcmp($a->getName(), $b->getName()));
    foreach ($methods as $m) {
        $out[] = '  ' . ($m->isStatic() ? 'static ' : '') . $m->getName() . '(' . $params($m) . ')';
    }
}
$fns = array_filter(
    array_merge(get_defined_functions()['internal'], get_defined_functions()['user']),
    fn ($f) => str_starts_with($f, 'mpaaspush\\') && !str_starts_with($f, 'mpaaspush\\test\\'),
);
sort($fns);
foreach ($fns as $f) {
    $r = new ReflectionFunction($f);
    $out[] = 'function ' . $r->getName() . '(' . $params($r) . ')';
}
echo implode("\n", $out), "\n";
