package server

import (
	"k8s.io/apiserver/pkg/storage/storagebackend"

	"github.com/kapi-dev/kapi/pkg/registry/core/componentstatus"
)

// Where kube-apiserver looks for the scheduler and the controller manager: their default secure
// ports on the same machine.
const (
	schedulerHealthz         = "https://127.0.0.1:10259/healthz"
	controllerManagerHealthz = "https://127.0.0.1:10257/healthz"
)

// controlPlaneComponents are what componentstatuses reports, as kube-apiserver does: etcd through
// the storage's own health check, and the scheduler and controller manager on localhost. kapi runs
// kube-controller-manager's controllers itself, so unless --controllers turns them all off the
// controller manager is this process.
func (c CompletedConfig) controlPlaneComponents(etcd storagebackend.Config) map[string]componentstatus.Check {
	controllerManager := componentstatus.HealthzCheck(controllerManagerHealthz)
	if len(c.enabledControllers()) > 0 {
		controllerManager = componentstatus.InProcessCheck()
	}
	return map[string]componentstatus.Check{
		"etcd-0":             componentstatus.EtcdCheck(etcd),
		"scheduler":          componentstatus.HealthzCheck(schedulerHealthz),
		"controller-manager": controllerManager,
	}
}
