package history

import (
	"fmt"
	"hash/fnv"

	"github.com/davecgh/go-spew/spew"
	"k8s.io/apimachinery/pkg/util/rand"
)

// printer prints values deterministically, following pointers and sorting map keys, so that equal
// templates print, and hash, alike.
var printer = spew.ConfigState{Indent: " ", SortKeys: true, DisableMethods: true, SpewKeys: true}

// TemplateHash returns the hash of template (a pod template) mixed with collisionCount, as
// DaemonSets name their revisions and label their pods with it.
func TemplateHash(template any, collisionCount *int32) string {
	h := fnv.New32a()
	printer.Fprintf(h, "%#v", template)
	if collisionCount != nil {
		fmt.Fprint(h, *collisionCount)
	}
	return rand.SafeEncodeString(fmt.Sprint(h.Sum32()))
}
