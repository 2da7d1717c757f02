// Package app is kapi's command: it parses the flags, completes and validates them, and runs the
// server that pkg/server builds from them.
package app

import (
	"context"
	"fmt"
	"os"

	"github.com/spf13/cobra"
	utilruntime "k8s.io/apimachinery/pkg/util/runtime"
	genericapiserver "k8s.io/apiserver/pkg/server"
	utilfeature "k8s.io/apiserver/pkg/util/feature"
	cliflag "k8s.io/component-base/cli/flag"
	logsapi "k8s.io/component-base/logs/api/v1"
	"k8s.io/component-base/term"
	"k8s.io/component-base/version/verflag"

	"github.com/kapi-dev/kapi/pkg/server"
	"github.com/kapi-dev/kapi/pkg/server/options"
	"github.com/kapi-dev/kapi/pkg/startupgc"
)

func init() {
	// The logging flags consult their own feature gates, which live in the process-wide gate.
	utilruntime.Must(logsapi.AddFeatureGates(utilfeature.DefaultMutableFeatureGate))
}

// NewCommand returns the kapi command.
func NewCommand() *cobra.Command {
	o := options.NewOptions(server.KnownControllers())
	cmd := &cobra.Command{
		Use:   "kapi",
		Short: "kapi is a Kubernetes API server with an embedded etcd",
		Long: `kapi serves the Kubernetes API as kube-apiserver does, from a single binary that runs its own
etcd. On first start it generates a CA, a serving certificate and an admin client certificate under
--data-dir, and writes an admin kubeconfig there.`,
		SilenceUsage: true,
		RunE: func(cmd *cobra.Command, args []string) error {
			verflag.PrintAndExitIfRequested()
			if err := logsapi.ValidateAndApply(o.Logs, utilfeature.DefaultFeatureGate); err != nil {
				return err
			}
			cliflag.PrintFlags(cmd.Flags())
			return Run(genericapiserver.SetupSignalContext(), o)
		},
		Args: func(cmd *cobra.Command, args []string) error {
			if len(args) > 0 {
				return fmt.Errorf("%q does not take any arguments, got %q", cmd.CommandPath(), args)
			}
			return nil
		},
	}
	fss := o.Flags()
	fs := cmd.Flags()
	for _, f := range fss.FlagSets {
		fs.AddFlagSet(f)
	}
	cols, _, _ := term.TerminalSize(cmd.OutOrStdout())
	cliflag.SetUsageAndHelpFunc(cmd, fss, cols)
	return cmd
}

// Run starts kapi from o and serves until ctx is done. Invalid options are reported before anything
// is written.
func Run(ctx context.Context, o *options.Options) error {
	resumeGC := startupgc.Pause()
	defer resumeGC()
	s, err := server.Build(ctx, o)
	if err != nil {
		return err
	}
	go func() {
		// Collection resumes once the server is ready, when it stops before, or when it has not been
		// ready for startupgc.MaxPause: a server that never gets ready must not run without it.
		readyCtx, cancel := context.WithTimeout(ctx, startupgc.MaxPause)
		defer cancel()
		_ = s.WaitReady(readyCtx)
		resumeGC()
	}()
	fmt.Fprintf(os.Stderr, "kapi is serving. To use it: export KUBECONFIG=%s\n", s.KubeconfigPath)
	return s.Run(ctx)
}
