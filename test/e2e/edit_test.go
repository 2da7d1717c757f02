package e2e

import (
	"os"
	"path/filepath"
	"testing"
)

func TestEdit(t *testing.T) {
	const ns = "e2e-edit"
	createNamespace(t, ns)
	if out := kubectl(t, "run", "editme", "--image=nginx:1.27", "-n", ns); out != "pod/editme created\n" {
		t.Fatalf("kubectl run printed %q", out)
	}
	// kubectl edit runs $KUBE_EDITOR with the object's YAML file as its last argument.
	editor := filepath.Join(t.TempDir(), "editor.sh")
	script := "#!/bin/sh\nset -e\nsed -i 's/image: nginx:1.27/image: nginx:1.28/' \"$1\"\n"
	if err := os.WriteFile(editor, []byte(script), 0o755); err != nil {
		t.Fatal(err)
	}
	if out := shared.kubectlEnv(t, []string{"KUBE_EDITOR=" + editor}, "", "edit", "pod", "editme", "-n", ns); out != "pod/editme edited\n" {
		t.Errorf("kubectl edit printed %q", out)
	}
	if got := kubectl(t, "get", "pod", "editme", "-n", ns, "-o", "jsonpath={.spec.containers[0].image}"); got != "nginx:1.28" {
		t.Errorf("image = %q after kubectl edit, want nginx:1.28", got)
	}
}
