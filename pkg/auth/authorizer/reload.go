package authorizer

import (
	"bytes"
	"context"
	"os"
	"reflect"
	"sync"
	"sync/atomic"
	"time"

	"k8s.io/apiserver/pkg/apis/apiserver"
	"k8s.io/apiserver/pkg/authentication/user"
	"k8s.io/apiserver/pkg/authorization/authorizer"
	"k8s.io/apiserver/pkg/server/options/authorizationconfig/metrics"
	"k8s.io/apiserver/pkg/util/filesystem"
	"k8s.io/klog/v2"
)

// reloadInterval is how often the configuration file is read even when no change was noticed, as
// kube-apiserver reads it.
const reloadInterval = time.Minute

// reloadable is the authorizer and rule resolver of the current chain, which a valid change of the
// configuration file replaces; an invalid one keeps the last good chain.
type reloadable struct {
	builder  *builder
	file     string
	serverID string

	// mu serialises the checks of the file, which compare it with the last data read and
	// configuration loaded.
	mu         sync.Mutex
	lastData   []byte
	lastConfig *apiserver.AuthorizationConfiguration

	current atomic.Pointer[chain]
}

// Authorize asks the current chain.
func (r *reloadable) Authorize(ctx context.Context, a authorizer.Attributes) (authorizer.Decision, string, error) {
	return r.current.Load().authorizer.Authorize(ctx, a)
}

// ConditionsAwareAuthorize asks the current chain.
func (r *reloadable) ConditionsAwareAuthorize(ctx context.Context, a authorizer.Attributes) authorizer.ConditionsAwareDecision {
	return r.current.Load().authorizer.ConditionsAwareAuthorize(ctx, a)
}

// EvaluateConditions has the current chain evaluate a decision it made.
func (r *reloadable) EvaluateConditions(ctx context.Context, d authorizer.ConditionsAwareDecision, data authorizer.ConditionsData) (authorizer.Decision, string, error) {
	return r.current.Load().authorizer.EvaluateConditions(ctx, d, data)
}

// RulesFor lists the rules of the current chain.
func (r *reloadable) RulesFor(ctx context.Context, u user.Info, namespace string) ([]authorizer.ResourceRuleInfo, []authorizer.NonResourceRuleInfo, bool, error) {
	return r.current.Load().rules.RulesFor(ctx, u, namespace)
}

// watch checks the file whenever it changes, and every reloadInterval, until ctx ends. Its reloads
// are counted in kube-apiserver's authorization config controller metrics.
func (r *reloadable) watch(ctx context.Context) {
	metrics.RegisterMetrics()
	metrics.RecordAuthorizationConfigLastConfigInfo(r.serverID, string(r.lastData))
	filesystem.WatchUntil(ctx, reloadInterval, r.file, r.check, func(err error) {
		klog.ErrorS(err, "watching authorization config file")
	})
}

// check replaces the chain if the file holds a new valid configuration that keeps the RBAC, Node
// and ABAC authorizers of the first one.
func (r *reloadable) check() {
	r.mu.Lock()
	defer r.mu.Unlock()
	data, err := os.ReadFile(r.file)
	if err != nil {
		r.failed(err)
		return
	}
	if bytes.Equal(data, r.lastData) {
		return
	}
	r.lastData = data
	configuration, err := loadData(data, r.builder.compiler, r.builder.required)
	if err != nil {
		r.failed(err)
		return
	}
	if reflect.DeepEqual(configuration, r.lastConfig) {
		return
	}
	r.lastConfig = configuration
	next, err := r.builder.build(configuration)
	if err != nil {
		r.failed(err)
		return
	}
	r.current.Store(next)
	klog.InfoS("reloaded authz config")
	metrics.RecordAuthorizationConfigAutomaticReloadSuccess(r.serverID, string(data))
}

// failed logs and counts a reload that kept the chain.
func (r *reloadable) failed(err error) {
	klog.ErrorS(err, "reloading authorization config")
	metrics.RecordAuthorizationConfigAutomaticReloadFailure(r.serverID)
}
